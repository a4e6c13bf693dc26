// ScoringKit: placeholder until its layer lands.
