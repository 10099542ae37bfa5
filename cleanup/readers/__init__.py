"""Readers: bytes on disk to a Document (PDF layout; text and PDF text live in cleanup.pdf)."""
