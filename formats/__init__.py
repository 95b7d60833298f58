"""Files in and out: JSON exchange, Excel returns, PDF summaries. Never imports Qt."""
