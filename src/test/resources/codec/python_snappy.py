"""Runs `python3 -m snappy` (Debian's python3-snappy) with its CRC-32C repaired if broken.

Debian 12's python3-snappy 0.5.3 has a C `_crc32c` that fails on Python 3.10+ with
"SystemError: PY_SSIZE_T_CLEAN macro must be defined for '#' formats", so its framing-format
reader fails every file. Its `compress`/`uncompress` (libsnappy, C++) are fine. When the C
function is broken this swaps in a table-driven CRC-32C (Castagnoli, reflected 0x82F63B78),
checked against the RFC 3720 test vector, and keeps everything else of the package: its
framing parser, its masking of the CRC and libsnappy's decompressor. None of it is snappy-java.

Usage: python3 python_snappy.py -d -t framing IN OUT
"""
import sys

import snappy.snappy as impl
from snappy.__main__ import cmdline_main


def _table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _table()


def crc32c(data):
    crc = 0xFFFFFFFF
    table = _TABLE
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283, "CRC-32C test vector"
try:
    impl._crc32c(b"123456789")
except SystemError:
    impl._crc32c = crc32c  # _masked_crc32c looks the name up at each call

if __name__ == "__main__":
    sys.exit(cmdline_main())
