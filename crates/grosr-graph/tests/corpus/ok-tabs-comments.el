% konect

  0 	 5	
5 5
	# indented comment
2 1
