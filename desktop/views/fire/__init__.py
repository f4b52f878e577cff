"""Forest-fire screens: season, coverage, registers, duty roster grid."""
