"""人员名册 screens: the register with its person editor (register.py)."""
