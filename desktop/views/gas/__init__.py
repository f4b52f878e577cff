"""Gas pipeline safety screens: the analysis's run dialog and the findings dock."""
