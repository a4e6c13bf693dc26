print("basinmap: the pipeline is not built yet")
