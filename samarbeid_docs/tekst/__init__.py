"""Composing: the values each agreement needs, the clause templates (Jinja → Markdown → the
document structure), the legal checks on sources and text, and each agreement's lifecycle."""
