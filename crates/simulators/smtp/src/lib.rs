//! A small SMTP server for tests.
