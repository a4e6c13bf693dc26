// MapKit: placeholder until its layer lands.
