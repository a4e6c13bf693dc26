print("GeoBench: not built yet")
