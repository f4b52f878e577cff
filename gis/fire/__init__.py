"""Forest fire (森林防火): seasons, duty and the rangers' work, built on patrols and hazards.

    seasons        防火期, 紧要期 and 重点时段 of a year          key_periods   calendar rules (solar, lunar, 节气)
    duty_posts     posts and the shifts each must fill         roster        值班表: generation, edits, no double booking
    roster_table   the roster as the printed table             roster_xlsx   the roster as a workbook
    registers      checkpoints, unavailability, 野外用火 permits, guardians
    coverage       zones, ranger areas, posts and checkpoints covered in every shift
    ranger_rounds  rangers' daily rounds (护林员巡护), stored as patrol assignments
    wall_map       what a 网格管理图上墙 shows, as data
"""
