"""gridsafe desktop application: everything that needs Qt, and the entry point."""
