package io.callcenter.archfixtures.rest.ui;

import org.springframework.web.bind.annotation.RestController;

@RestController
public class ControllerInTheConsole {
}
