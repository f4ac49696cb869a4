"""The range a game's seed may take and how one is read, in one place for the command line and
the replay reader.

SQLite's INTEGER range (a signed 64-bit number): the workshop database stores each workshop's
seed, and the engine seeds `random.Random` with it. This module imports nothing, so the command
line and the engine can both use it without loading each other.
"""

SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1

_DIGITS = frozenset("0123456789")
_SPAN = f"give a seed from {SEED_MIN} to {SEED_MAX}"


def parse_seed(text: str) -> int:
    """The seed `text` names, or ValueError with the message to show. Only an optional '-' and
    the ASCII digits 0-9 are read: Python's int() would also take '1_000', '+5', ' 5' and other
    scripts' digits such as '٣', so a typo would quietly become some other game's seed."""
    digits = text[1:] if text.startswith("-") else text
    if not digits or not set(digits) <= _DIGITS:
        raise ValueError(f"'{clip(text)}' is not a whole number: {_SPAN} (only the digits 0-9, "
                         "with '-' before a negative seed)")
    # int() refuses more than 4300 digits: a number that long is far out of range anyway
    significant = digits.lstrip("0") or "0"
    if len(significant) > len(str(SEED_MAX)):
        raise ValueError(f"'{clip(text)}' is out of range: {_SPAN}")
    value = -int(significant) if text.startswith("-") else int(significant)
    if not SEED_MIN <= value <= SEED_MAX:
        raise ValueError(f"'{clip(text)}' is out of range: {_SPAN}")
    return value


def clip(text: str, width: int = 40) -> str:
    """`text` as an error quotes it: a 5000-digit seed is not printed in full."""
    return text if len(text) <= width else text[:width - 3] + "..."
