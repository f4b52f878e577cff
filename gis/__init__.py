"""gridsafe domain and geo core. Plain Python: never imports Qt or desktop/."""

__version__ = "0.1.0"
