package cli

import "errors"

func mkfifo(string) error {
	return errors.New("fd://0 needs a named pipe, which gstcast makes on Unix only")
}
