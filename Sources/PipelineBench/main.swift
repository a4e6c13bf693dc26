print("pipeline bench: not built yet")
