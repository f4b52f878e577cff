"""Data exchange screens: the import dialog and its report, the export dialog."""
