"""Gas pipeline safety (燃气管线安全, issue 13): pure rules and analyses (no database, no Qt), and
findings, their database side.

    rules       resources/gas_rules.yaml loaded and checked (RulesError names the key); pipeline_params()
                turns pipeline columns into per-pipeline parameters with the stated defaults (参数不全)
    analysis    Analysis / analyse(): protection and control ranges, 占压, 安全间距不足, third-party works,
                high-consequence areas, as Finding records
    location    location class 地区等级 一–四级 (GB 50028 §6.4): 1.6 km windows slid along each pipeline,
                dwellings within 200 m, assembly places within 90 m; stretches and 200 m bands per class
    buffers     general buffer checks between sites: banned businesses near schools (school_zone), protected
                targets inside a hazchem enterprise's external safety distance (external_distance)
    lists       the 占压 / 安全间距不足 / 第三方施工 / 高后果区 lists as one xlsx workbook
    findings    the project's pipelines, buildings, works and sites analysed (analyse_project) and the
                findings recorded in the hazard ledger (record; compare for a dry run), sources 管线安全分析
                and 周边安全距离分析
    sheets      what each 现场示意图 shows (a finding's geometries, dimension line, facts); painted by
                desktop.printing.finding_sheet
    notice      燃气管道保护安全告知书 to a works party (gis.documents letter; legal text in
                resources/gas_notice.yaml)
    works       the third-party works register written by hand (add, update, set_status, delete, rows): the
                checks of `import --layer works` (gis.io.values.convert_record) and of its extent, WorksError
                naming the field
"""
