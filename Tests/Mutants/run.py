"""Runs the guard mutants of mutants.py: each one edits the source, builds, runs the tests, and reverts.

Run it in a clean git worktree of this repository (it refuses a dirty one), from that worktree's root:

    python3 Tests/Mutants/run.py            # every mutant
    python3 Tests/Mutants/run.py 3b 9c      # some

Builds take /tmp/okik-swift.lock, so they never overlap another build on the machine. Results go to stdout and
the logs to $OUT (default /tmp/okik-mutants). A mutant whose tests all pass prints "passed": a guard no test
defends, which needs a test.
"""
import sys, subprocess, os, re
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutants import M
FILTER = os.environ.get("FILTER", "OkikKitTests")
OUT = os.environ.get("OUT", "/tmp/okik-mutants")
os.makedirs(OUT, exist_ok=True)
def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True)
for mid in sys.argv[1:] or list(M):
    desc, edits = M[mid]
    files = sorted({f for f, _, _ in edits})
    assert sh("git status --porcelain").stdout.strip() == "", "tree not clean"
    ok = True
    for f, old, new in edits:
        s = open(f).read()
        if s.count(old) != 1:
            print(f"[{mid}] edit not unique/found in {f}: count={s.count(old)}", flush=True); ok = False; break
        open(f, "w").write(s.replace(old, new))
    log = f"{OUT}/{mid}"
    if ok:
        sh(f"git diff > {log}.diff")
        b = sh(f"flock /tmp/okik-swift.lock swift build --build-tests > {log}.build 2>&1")
        errs = sh(f"grep -E 'error:' {log}.build | head").stdout
        if errs or b.returncode != 0:
            print(f"[{mid}] BUILD FAILED rc={b.returncode}\n{errs}", flush=True)
        else:
            sh(f"flock /tmp/okik-swift.lock swift test --skip-build --filter '{FILTER}' > {log}.test 2>&1")
            fails = sh(f"grep -E '✘ Test ' {log}.test | grep -v 'recorded an issue' | cut -c1-200").stdout
            summary = sh(f"grep -E 'Test run' {log}.test | tail -1").stdout.strip()
            print(f"[{mid}] {desc}\n  {summary}\n{fails}", flush=True)
    sh("git checkout -- " + " ".join(files))
    assert sh("git status --porcelain").stdout.strip() == "", "revert failed"
