"""Periodic report screens (issue 14): the 生成报告 dialog."""
