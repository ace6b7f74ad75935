"""The domain: one module per concept. Nothing here imports Qt."""
