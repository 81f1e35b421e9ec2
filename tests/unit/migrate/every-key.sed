# every-key.sed: turns a shipped nvme-stas or nvme-cli configuration file
# into one with every key set: each commented-out "#key=value" or
# "#key = value" line and "#[Section]" header is uncommented (the values are
# the shipped defaults or examples). Used for the unit-test fixtures
# (*-all/) and by the lab's import scenario on the real installed files.
s/^#\(\[[A-Za-z/ ]*\]\)$/\1/
s/^#\([a-z][a-z-]*\) *= *\(.*\)$/\1=\2/
# nvme-stas 3.1's example PSK ("NVMeTLSkey-1:01:...") made a well-formed one
s/^\(tls-key *= *\)NVMeTLSkey-1:01:\.\.\.$/\1NVMeTLSkey-1:01:VaoAESIzRFVmd4iZqrvM3e7\/ABEiM0RVZneImaq7zN2LVN4L:/
