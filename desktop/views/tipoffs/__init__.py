"""群众举报 screens: `register` (the list with filters, details, history and a button per step), `intake` (受理 form:
channel, reporter, place by map click or typed 经度,纬度, description, photos), `steps` (one dialog for each step)."""
