package phrase

// DemoDrafts are the standard phrases of a carrier's customer-service handbook, per
// situation, for the demo organisation (速达快递).
func DemoDrafts() []Draft {
	d := func(s Situation, order int, zh, en string) Draft {
		return Draft{Situation: s, Order: order, TextZH: zh, TextEN: en, Active: true}
	}
	return []Draft{
		d(Greeting, 10, "您好,这里是速达快递客服,很高兴为您服务。", "Hello, this is SuDa Express customer service. Glad to help you."),
		d(Greeting, 20, "您好,请问有什么可以帮您?", "Hello, how may I help you?"),
		d(AskToWait, 10, "请您稍等,我马上为您查询。", "One moment please, I'll look it up for you right away."),
		d(AskToWait, 20, "让您久等了,感谢您的耐心等待。", "Sorry to keep you waiting, and thank you for your patience."),
		d(Apology, 10, "非常抱歉给您带来不便。", "We are very sorry for the inconvenience."),
		d(Apology, 20, "不好意思,这是我们工作的疏忽,我们会尽快为您处理。", "I'm sorry, this was our oversight; we will sort it out for you as soon as possible."),
		d(Thanks, 10, "谢谢您的理解与支持。", "Thank you for your understanding and support."),
		d(Thanks, 20, "感谢您的反馈,我们会认真改进。", "Thank you for your feedback; we will take it to heart."),
		d(ExplainDelay, 10, "您的快件因天气原因在途中延误,预计明天送达,给您带来不便深表歉意。", "Your parcel was delayed on the way by the weather and should arrive tomorrow; we apologise for the inconvenience."),
		d(ExplainDelay, 20, "目前中转量较大,您的快件正在加紧处理,我们会持续跟踪并及时告知您。", "Our hub is very busy; your parcel is being handled as a priority and we will keep you informed."),
		d(Closing, 10, "请问还有其他可以帮您的吗?", "Is there anything else I can help you with?"),
		d(Closing, 20, "感谢您的来电,祝您生活愉快,再见。", "Thank you for calling, have a nice day. Goodbye."),
	}
}
