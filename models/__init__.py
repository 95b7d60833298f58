"""The domain and its storage. Never imports Qt (a test checks)."""
