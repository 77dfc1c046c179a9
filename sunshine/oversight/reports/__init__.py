"""Efficiency reports (效能报告, issue #6 §7): figures per body, department, post and person computed
with aggregate SQL (queries), the page and its charts (views), the Excel workbook (excel), and the
quarterly evaluation frozen as a stored report (evaluations, periodic)."""
