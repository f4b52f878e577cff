"""Hazards (隐患): the ledger's closed loop and everything built on it.

    states      the rules as data: labels, grades, open states, refusals() — pure
    workflow    register, transition, update, photos, history — session functions, never commit
    signoff     sign-off chains          checklists   check items from the seeds
    ledger      the columnar ledger      escalation   预警 rules
    notice      整改通知书: issue (write) and content (read)
    ledger_xlsx, sector_list   the ledger and 专项整治清单 as xlsx
    self_checks enterprises' self-check reports (企业自查自报, 零报告): record, list a period, import 上报表

The names of `states` and `workflow` are re-exported here: `from gis import hazards; hazards.transition(…)`.
"""
from __future__ import annotations

from gis.hazards.states import (  # noqa: F401
    DATE_FIELDS,
    EDITABLE,
    GRADES_SETTING,
    MAX_PHOTO_BYTES,
    PERSON_FIELDS,
    Attempt,
    action_label,
    allowed_actions,
    field_label,
    grade_label,
    grades,
    is_open,
    is_overdue,
    major_grades,
    missing_fields,
    open_states,
    refusals,
    rules,
    signature_role_label,
    status_label,
)
from gis.hazards.workflow import (  # noqa: F401
    NOTICE_SETTING,
    Actor,
    add_photo,
    conflict_error,
    derive_grid,
    find,
    hazard_id_of,
    history,
    image_mime,
    issue_notice,
    issued_notice,
    lacking_signatures,
    next_notice_number,
    overdue_count,
    overdue_hazards,
    photos,
    project_chain,
    register,
    resolve_actor,
    set_grades,
    signed_roles,
    snapshot,
    transition,
    update,
)
