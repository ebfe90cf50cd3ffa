"""Writes or checks the outputs of a generator script (gen_fec_tables.py, gen_fixed.py).

write_or_check(outputs, root, check, tool) -> exit code: with check, 1 when a committed file
is missing or differs from its fresh text (the stale files are named on stderr), else 0;
without, every file is written (its folder created) and named on stdout."""
import sys


def write_or_check(outputs, root, check, tool):
    stale = []
    for path, text in outputs.items():
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(root)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path.relative_to(root)}")
    if stale:
        print(f"stale generated files (run scripts/{tool}): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0
