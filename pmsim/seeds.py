"""The range a game's seed may take, in one place for the command line and the replay reader.

SQLite's INTEGER range (a signed 64-bit number): the workshop database stores each workshop's
seed, and the engine seeds `random.Random` with it. This module imports nothing, so the command
line and the engine can both use it without loading each other.
"""

SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1
