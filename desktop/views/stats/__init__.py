"""Statistics screens: the dashboard (工作态势)."""
