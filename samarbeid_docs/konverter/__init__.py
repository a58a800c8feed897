"""Conversion: DOCX to PDF/A with warm LibreOffice workers, reproducible PDFs, the joined case
file, and the check that this machine can do it (`samarbeid doktor`)."""
