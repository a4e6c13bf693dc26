// Pipeline: placeholder until its layer lands.
