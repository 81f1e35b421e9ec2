# every-key.sed: turns a shipped nvme-stas or nvme-cli configuration file
# into one with every key set: each commented-out "#key=value" or
# "#key = value" line and "#[Section]" header is uncommented (the values are
# the shipped defaults or examples). Used for the unit-test fixtures
# (*-all/) and by the lab's import scenario on the real installed files.
s/^#\(\[[A-Za-z/ ]*\]\)$/\1/
s/^#\([a-z][a-z-]*\) *= *\(.*\)$/\1=\2/
