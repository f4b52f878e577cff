"""The audit trail's screen (issue 16): the 操作日志 dock (`audit_view`), reading through desktop/services/audit.py."""
