"""Gas pipeline safety (燃气管线安全, issue 13): pure rules and analyses, no database, no Qt.

    rules       resources/gas_rules.yaml loaded and checked (RulesError names the key); pipeline_params()
                turns pipeline columns into per-pipeline parameters with the stated defaults (参数不全)
    analysis    Analysis / analyse(): protection and control ranges, 占压, 安全间距不足, third-party works,
                high-consequence areas, as Finding records
"""
