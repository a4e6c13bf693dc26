// SiteKit: placeholder until its layer lands.
