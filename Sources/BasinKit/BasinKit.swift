// BasinKit: placeholder until its layer lands.
