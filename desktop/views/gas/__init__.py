"""Gas pipeline safety screens (issue 13): the third-party works register."""
