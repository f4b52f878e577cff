"""The work calendar's screens (issue 14): the 工作日历 dock (`calendar_view`: due dates marked on a month
calendar, the month's items, the campaigns), the campaign editor (`campaign_dialog`) and the reminder
notice (`reminders`). They read and write through gis.stats.calendar and gis.stats.campaigns."""
