// OutputKit: placeholder until its layer lands.
