"""Views of the editing feature (issue 15): the split preview dialog and the 编辑历史 list."""
