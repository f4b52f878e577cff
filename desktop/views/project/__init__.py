"""Project screens: the PostgreSQL connection form and the dialogs that use it (复制到数据库…, 打开数据库项目…)."""
