package gui

import "github.com/gstcast/gstcast/core/config"

func configUser(name, password string) config.User {
	return config.User{Name: name, Password: password}
}
