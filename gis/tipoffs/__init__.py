"""Public tip-offs (群众举报, 12345 热线) from intake to a closed, linked hazard.

    rules     resources/tipoff_rules.yaml checked: states, actions, which results make a hazard, the reply
              time limit, who may see reporters; `refusal()` says in Chinese why a step may not happen — pure
    privacy   `mask_contact(value, can_see)` (张**, 138****5678) and `can_see_reporter(session, actor)`
    register  session functions (never commit): receive, assign, verify (属实 → a ledger hazard through
              gis.hazards.workflow.register), reply, reward, close; rows for lists, history, photos.
              Writes return (value, gis.changes.Change) of kind "tipoffs" (+ "hazards" when a hazard is made).

Depends on gis.hazards and the shared core only (import contract in pyproject.toml); nothing there imports it.
"""
