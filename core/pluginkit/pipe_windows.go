package pluginkit

import "errors"

// openPipe: fd:// sources are for Unix pipes; the Windows profile does not list them.
func openPipe(string) (int, func(), error) {
	return -1, nil, errors.New("named pipes as frame sources are not supported on Windows")
}
