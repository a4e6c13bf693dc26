// AnalysisKit: placeholder until its layer lands.
