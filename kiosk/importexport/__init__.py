"""Spreadsheet export and import of registrations (CSV and XLSX, the same columns both ways)."""
