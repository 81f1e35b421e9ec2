#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The walls between src/lib and the front ends (src/lib/README.md): compiles
# a one-line file that includes a header with the exact flags the build
# uses for each front end's sources (compile_commands.json). A public header
# of src/lib must compile; an engine-private one (session, controller,
# wants, libnvme adapter, zeroconf, fabric vocabulary) must not be found.
# TAP output; argument: the build directory.

import json
import os
import shlex
import subprocess
import sys
import tempfile

FRONT_ENDS = ('src/cli/', 'src/daemon/', 'dispatcher/', 'plugin/', 'editor/')
PUBLIC = ['nmnvme-settings.h', 'nmnvme-error.h', 'nmnvme-log.h']
PRIVATE = [
    'nmnvme-session.h',
    'nmnvme-session-private.h',
    'nmnvme-ctrl.h',
    'nmnvme-wants.h',
    'nmnvme-reconcile.h',
    'nmnvme-uevent.h',
    'nmnvme-fabrics.h',
    'nmnvme-trid.h',
    'nmnvme-log-entry.h',
    'nmnvme-kernel-ctrl.h',
    'nmnvme-zeroconf.h',
    'nmnvme-source.h',
    'nmnvme-libnvme.h',
    'nmnvme-disc-log.h',
    'nmnvme-registry.h',
    'nmnvme-exclusions.h',
    'nmnvme-ownership.h',
    'nmnvme-autoconnect.h',
    'nmnvme-migrate-private.h',
]


def front_end_of(entry):
    path = os.path.normpath(os.path.join(entry['directory'], entry['file']))
    for fe in FRONT_ENDS:
        if ('/' + fe) in path and '/tests/' not in path:
            return fe.rstrip('/')
    return None


def flags_of(entry):
    """The command without its input, output and dependency-file words."""
    words = shlex.split(entry['command'])
    out = [words[0]]
    skip = False
    for w in words[1:]:
        if skip:
            skip = False
        elif w in ('-o', '-MQ', '-MF', '-MT'):
            skip = True
        elif w in ('-c', '-MD', '-MMD', entry['file']) or w.endswith('.c'):
            pass
        else:
            out.append(w)
    return out


def compiles(entry, flags, header):
    with tempfile.NamedTemporaryFile('w', suffix='.c', delete=False) as f:
        f.write('#include "%s"\n' % header)
    try:
        r = subprocess.run(flags + ['-fsyntax-only', f.name], cwd=entry['directory'],
                           env=dict(os.environ, LC_ALL='C'),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    finally:
        os.unlink(f.name)
    return r.returncode == 0, r.stderr


def main():
    build = sys.argv[1]
    with open(os.path.join(build, 'compile_commands.json')) as f:
        entries = json.load(f)
    seen = {}
    for e in entries:
        fe = front_end_of(e)
        if fe is None:
            continue
        flags = flags_of(e)
        key = (fe, tuple(w for w in flags if w.startswith('-I')))
        seen.setdefault(key, (e, flags))
    fronts = sorted({k[0] for k in seen})
    if set(fronts) < {'src/cli', 'src/daemon', 'dispatcher', 'plugin'}:
        print('Bail out! front ends missing from compile_commands.json: %s' % fronts)
        return 1
    checks = []
    for fe in fronts:
        sets = [v for k, v in sorted(seen.items(), key=lambda kv: kv[0]) if k[0] == fe]
        for h in PUBLIC:
            checks.append((fe, sets, h, True))
    for (fe, _), ef in sorted(seen.items(), key=lambda kv: kv[0]):
        for h in PRIVATE:
            checks.append((fe, [ef], h, False))
    print('1..%d' % len(checks))
    failed = 0
    for i, (fe, sets, h, want) in enumerate(checks, 1):
        results = [(e, compiles(e, flags, h)) for e, flags in sets]
        if want:
            # one of the front end's sources at least (some use no src/lib)
            good = any(ok for _, (ok, _) in results)
            what = 'reaches public %s' % h
            names = 'any of its sources'
        else:
            good = all(not ok and 'No such file' in err for _, (ok, err) in results)
            what = 'cannot reach private %s' % h
            names = os.path.basename(sets[0][0]['file'])
        print('%s %d - %s (flags of %s) %s' % ('ok' if good else 'not ok', i, fe, names, what))
        if not good:
            failed += 1
            for _, (ok, err) in results:
                for line in err.splitlines()[:3]:
                    print('# ' + line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
