"""Gas pipeline safety screens (issue 13): the analysis's run dialog, the findings dock and the third-party
works register."""
