print("sluice-bench: not yet")
